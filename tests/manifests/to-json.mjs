// Prints the documents of YAML or JSON files as one JSON array, so tests written in other languages can read
// rendered manifests (kubectl kustomize output) without a YAML parser of their own.
//
// Usage: node to-json.mjs FILE... | -      exit 1 on a YAML syntax error, naming the file and document.
import { readFileSync } from "node:fs";
import { parseAllDocuments } from "yaml";

const documents = [];
for (const file of process.argv.slice(2)) {
  for (const [index, document] of parseAllDocuments(readFileSync(file === "-" ? 0 : file, "utf8")).entries()) {
    if (document.errors.length > 0) {
      console.error(`${file}#${index}: not YAML: ${document.errors[0].message}`);
      process.exit(1);
    }
    const value = document.toJS();
    if (value !== null && value !== undefined) documents.push(value);
  }
}
process.stdout.write(JSON.stringify(documents));
