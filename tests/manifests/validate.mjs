// Validates Kubernetes manifests against the official OpenAPI schemas (kubernetes-models), offline.
// Usage: node validate.mjs FILE... (JSON or YAML, multi-document YAML allowed, "-" = stdin)
// Prints "FILE#INDEX apiVersion/kind name: message" for each invalid document and "N documents, F invalid";
// exits 1 when any document is invalid, of an unknown kind, or not YAML. Unknown fields are not rejected.
import { readFileSync } from "node:fs";
import { parseAllDocuments } from "yaml";
import { Pod, Secret, PersistentVolumeClaim, Service, ServiceAccount, ConfigMap, Namespace } from "kubernetes-models/v1";
import { Deployment } from "kubernetes-models/apps/v1";
import { NetworkPolicy, Ingress } from "kubernetes-models/networking.k8s.io/v1";
import { Role, RoleBinding } from "kubernetes-models/rbac.authorization.k8s.io/v1";
import { PodDisruptionBudget } from "kubernetes-models/policy/v1";

const models = new Map(
  [Pod, Secret, PersistentVolumeClaim, Service, ServiceAccount, ConfigMap, Namespace, Deployment,
   NetworkPolicy, Ingress, Role, RoleBinding, PodDisruptionBudget]
    .map((M) => [`${M.apiVersion}/${M.kind}`, M]));

let failures = 0, count = 0;
for (const file of process.argv.slice(2)) {
  const text = readFileSync(file === "-" ? 0 : file, "utf8");
  const docs = parseAllDocuments(text); // JSON is YAML too
  for (const [i, doc] of docs.entries()) {
    if (doc.errors.length) { console.error(`${file}#${i}: YAML error: ${doc.errors[0].message}`); failures++; continue; }
    const obj = doc.toJS();
    if (obj == null) continue; // empty document
    const items = obj.kind === "List" || Array.isArray(obj.items) && obj.kind?.endsWith("List") ? obj.items : [obj];
    for (const o of items) {
      count++;
      const id = `${file}#${i} ${o?.apiVersion}/${o?.kind} ${o?.metadata?.name ?? "(no name)"}`;
      const M = models.get(`${o?.apiVersion}/${o?.kind}`);
      if (!M) { console.error(`${id}: unknown apiVersion/kind`); failures++; continue; }
      try { new M(o).validate(); }
      catch (e) { console.error(`${id}: ${e.message}`); failures++; }
    }
  }
}
console.log(`${count} documents, ${failures} invalid`);
process.exit(failures ? 1 : 0);
