// Validates Kubernetes manifests offline against the official OpenAPI schemas (kubernetes-models).
//
// Usage: node validate.mjs FILE... | -
//   Each FILE (or standard input for "-") holds YAML or JSON, several documents allowed ("---"); a *List's items are
//   checked one by one. For every document that fails, one line on standard error:
//     FILE#INDEX APIVERSION/KIND NAME: what is wrong
//   then "N documents, F invalid" on standard output. Exit 0 when every document is valid; exit 1 on any invalid
//   document, any apiVersion/kind this script does not know, a YAML syntax error, or no document at all; exit 2 on bad usage.
// It does not refuse unknown fields (the schemas allow them), so golden files stay the check for typos in field names.
import { readFileSync } from "node:fs";
import { parseAllDocuments } from "yaml";
import * as core from "kubernetes-models/v1";
import * as apps from "kubernetes-models/apps/v1";
import * as batch from "kubernetes-models/batch/v1";
import * as networking from "kubernetes-models/networking.k8s.io/v1";
import * as rbac from "kubernetes-models/rbac.authorization.k8s.io/v1";
import * as policy from "kubernetes-models/policy/v1";

/** Every model class of the groups above, by "apiVersion/kind". */
const modelsByType = new Map();
for (const group of [core, apps, batch, networking, rbac, policy]) {
  for (const exported of Object.values(group)) {
    if (typeof exported === "function" && exported.apiVersion && exported.kind) {
      modelsByType.set(`${exported.apiVersion}/${exported.kind}`, exported);
    }
  }
}

/**
 * The API server decodes a Secret's base64 values with Go's decoder, which skips line breaks, and kustomize folds long
 * values over several lines; the schema's "byte" format does not allow them, so they are taken out before checking.
 */
function withUnfoldedSecretData(object) {
  if (object?.apiVersion !== "v1" || object?.kind !== "Secret" || typeof object.data !== "object" || object.data === null) {
    return object;
  }
  const data = Object.fromEntries(Object.entries(object.data).map(([key, value]) =>
    [key, typeof value === "string" ? value.replace(/[\r\n]/g, "") : value]));
  return { ...object, data };
}

/** Yields the objects a parsed document stands for: the items of a *List, or the document itself. */
function* objectsOf(value) {
  if (value && typeof value.kind === "string" && value.kind.endsWith("List") && Array.isArray(value.items)) {
    yield* value.items;
  } else {
    yield value;
  }
}

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error("usage: node validate.mjs FILE... | -");
  process.exit(2);
}

let checked = 0;
let invalid = 0;
for (const file of files) {
  let text;
  try {
    text = readFileSync(file === "-" ? 0 : file, "utf8");
  } catch (error) {
    console.error(`${file}: cannot be read: ${error.message}`);
    invalid++;
    continue;
  }

  for (const [index, document] of parseAllDocuments(text).entries()) {
    if (document.errors.length > 0) {
      console.error(`${file}#${index}: not YAML: ${document.errors[0].message}`);
      invalid++;
      continue;
    }
    const value = document.toJS();
    if (value === null || value === undefined) continue; // an empty document, e.g. after a trailing "---"

    for (const object of objectsOf(value)) {
      checked++;
      const type = `${object?.apiVersion}/${object?.kind}`;
      const where = `${file}#${index} ${type} ${object?.metadata?.name ?? "(unnamed)"}`;
      const Model = modelsByType.get(type);
      if (!Model) {
        console.error(`${where}: unknown apiVersion/kind (this script knows ${modelsByType.size} kinds)`);
        invalid++;
        continue;
      }
      try {
        new Model(withUnfoldedSecretData(object)).validate();
      } catch (error) {
        console.error(`${where}: ${error.message}`);
        invalid++;
      }
    }
  }
}

console.log(`${checked} documents, ${invalid} invalid`);
process.exit(invalid > 0 || checked === 0 ? 1 : 0);
