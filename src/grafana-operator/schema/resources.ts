// Carried facts for GrafanaDatasource, GrafanaDashboard and GrafanaFolder (v1beta1, operator v5.24.0).
import { arr, atMostOne, bool, exactlyOne, free, int, meta, obj, opaque, str, type ObjectNode } from "./dsl.ts";
import { keySelector, labelSelector, plugins, resyncPeriod, uidSchema } from "./common.ts";

// Fields every "instance-targeting" resource shares. Required-ness of instanceSelector is
// declared per kind below because the CRDs list it in each spec's `required`.
const targeting = {
  allowCrossNamespaceImport: bool(),
  instanceSelector: labelSelector,
  resyncPeriod,
  suspend: bool(),
  uid: uidSchema,
} as const;

// Status is written by the operator; we never render it, so its schema is not carried.
const status = opaque();

export const datasourceSpec = obj(
  {
    ...targeting,
    datasource: obj({
      // NB: the CRD requires none of these (not even type/name); Grafana's API rejects a
      // datasource without them, but that is outside what the API server checks.
      access: str(),
      basicAuth: bool(),
      basicAuthUser: str(),
      database: str(),
      editable: bool(),
      isDefault: bool(),
      jsonData: free(),
      name: str(),
      orgId: int(),
      secureJsonData: free(),
      type: str(),
      uid: str(),
      url: str(),
      user: str(),
    }),
    plugins,
    valuesFrom: arr(
      obj(
        {
          targetPath: str(),
          valueFrom: obj(
            { configMapKeyRef: keySelector, secretKeyRef: keySelector },
            { rules: [exactlyOne(["configMapKeyRef", "secretKeyRef"], "exactly one of configMapKeyRef or secretKeyRef must be set")] },
          ),
        },
        { required: ["targetPath", "valueFrom"] },
      ),
      { maxItems: 99 },
    ),
  },
  { required: ["datasource", "instanceSelector"] },
);

const envValueFrom = obj({ configMapKeyRef: keySelector, secretKeyRef: keySelector });

export const dashboardSpec = obj(
  {
    ...targeting,
    configMapRef: keySelector,
    contentCacheDuration: str(),
    datasources: arr(obj({ datasourceName: str(), inputName: str() }, { required: ["datasourceName", "inputName"] })),
    envFrom: arr(envValueFrom),
    envs: arr(obj({ name: str(), value: str(), valueFrom: envValueFrom }, { required: ["name"] })),
    folder: str(),
    folderRef: str(),
    folderUID: str(),
    grafanaCom: obj({ id: int(), revision: int() }, { required: ["id"] }),
    gzipJson: str({ format: "byte" }),
    json: str(),
    jsonnet: str(),
    jsonnetLib: obj(
      { fileName: str(), gzipJsonnetProject: str({ format: "byte" }), jPath: arr(str()) },
      { required: ["fileName", "gzipJsonnetProject"] },
    ),
    oci: obj(
      {
        insecurePlainHTTP: bool(),
        path: str({ minLength: 1, maxLength: 512 }),
        pullSecretRef: obj({ name: str() }),
        reference: str({ minLength: 3, maxLength: 512 }),
      },
      { required: ["path", "reference"] },
    ),
    plugins,
    url: str({ pattern: "^https?://.+$" }),
    urlAuthorization: obj({ basicAuth: obj({ password: keySelector, username: keySelector }) }),
  },
  {
    required: ["instanceSelector"],
    rules: [
      atMostOne(["folderUID", "folderRef"], "only one of folderUID or folderRef can be set"),
      atMostOne(["folder", "folderUID"], "folder cannot be set together with folderUID or folderRef"),
      atMostOne(["folder", "folderRef"], "folder cannot be set together with folderUID or folderRef"),
    ],
  },
);

export const folderSpec = obj(
  {
    ...targeting,
    parentFolderRef: str(),
    parentFolderUID: str(),
    // A JSON document (string) of Grafana folder permissions.
    permissions: str(),
    title: str(),
  },
  {
    required: ["instanceSelector"],
    rules: [atMostOne(["parentFolderUID", "parentFolderRef"], "only one of parentFolderUID or parentFolderRef can be set")],
  },
);

const root = <S extends ObjectNode>(spec: S) =>
  obj({ apiVersion: str(), kind: str(), metadata: meta(), spec, status }, { required: ["spec"] });

export const datasourceSchema = root(datasourceSpec);
export const dashboardSchema = root(dashboardSpec);
export const folderSchema = root(folderSpec);
