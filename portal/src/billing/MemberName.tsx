import type { MemberLabel } from './memberDirectory';

/** A member at the billing desk: the name people know, the e-mail under it (the id only when the member is unknown). */
export function MemberName({ label }: { label: MemberLabel }) {
  return (
    <span className="member-name" data-member={label.id}>
      {label.name}
      {label.email && <><br /><small>{label.email}</small></>}
    </span>
  );
}
