import { useLanguage } from '../i18n/LanguageContext';
import { AuditLogPanel } from './AuditLogPanel';
import { DatasetsPanel } from './DatasetsPanel';
import { MembersPanel } from './MembersPanel';
import { ProfilesPanel } from './ProfilesPanel';

/** Admins: members, the dataset catalog and publishing, notebook images, the audit log. */
export function AdminPage() {
  const { t } = useLanguage();
  return (
    <>
      <h1>{t('admin.heading')}</h1>
      <DatasetsPanel />
      <MembersPanel />
      <ProfilesPanel />
      <AuditLogPanel />
    </>
  );
}
