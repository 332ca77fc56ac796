// Every Secret the user must create (as a Secret or a SealedSecret in the stack's namespace), in one place:
// the components read names and keys from here, `obstack render` prints the list, the README shows it.
// Secret material never appears in a profile or in the tree; only these references.
import { receiverSecretRefs } from "../alertmanager/config.ts";
import type { Profile } from "../profile/schema.ts";

export interface RequiredSecret {
  name: string;
  keys: string[];
  /** The workloads that read it. */
  readBy: string[];
  purpose: string;
}

/** A Secret mounted as a volume: every key becomes a file the workload reads. */
export const MOUNTED_WHOLE = "(mounted whole)";

/** Keys of the Secret holding Loki's S3 credentials (Loki's own MinIO user, or the external bucket's). */
export const S3_KEYS = { id: "AWS_ACCESS_KEY_ID", secret: "AWS_SECRET_ACCESS_KEY" } as const;
/** Keys of MinIO's root credentials Secret. */
export const MINIO_ROOT_KEYS = { user: "rootUser", password: "rootPassword" } as const;
export const GRAFANA_ADMIN_KEYS = { user: "GF_SECURITY_ADMIN_USER", password: "GF_SECURITY_ADMIN_PASSWORD" } as const;

/** The Secret with Loki's S3 credentials, and its keys. */
export function lokiS3Secret(p: Profile): { name: string; keys: typeof S3_KEYS } {
  const st = p.loki.storage;
  return { name: st.type === "s3" ? st.credentialsSecret : st.lokiCredentialsSecret, keys: S3_KEYS };
}

export function requiredSecrets(p: Profile): RequiredSecret[] {
  const st = p.loki.storage;
  const out: RequiredSecret[] = [
    {
      name: p.grafana.adminSecret,
      keys: Object.values(GRAFANA_ADMIN_KEYS),
      readBy: ["Grafana"],
      purpose: "Grafana's admin login",
    },
  ];
  if (st.type === "minio") {
    out.push(
      {
        name: st.credentialsSecret,
        keys: Object.values(MINIO_ROOT_KEYS),
        readBy: ["MinIO", "Job minio-buckets"],
        purpose: "MinIO's root user; only MinIO and the Job that creates the buckets and Loki's user read it",
      },
      {
        name: st.lokiCredentialsSecret,
        keys: Object.values(S3_KEYS),
        readBy: ["Loki", "Job minio-buckets"],
        purpose: "Loki's own MinIO user (the Job creates it with a policy limited to Loki's buckets); the secret key needs 8+ characters",
      },
    );
  } else if (st.type === "seaweedfs") {
    out.push(
      {
        name: st.credentialsSecret,
        keys: Object.values(S3_KEYS),
        readBy: ["SeaweedFS"],
        purpose: "SeaweedFS's S3 admin identity; only SeaweedFS reads it",
      },
      {
        name: st.lokiCredentialsSecret,
        keys: Object.values(S3_KEYS),
        readBy: ["Loki", "Job seaweedfs-buckets"],
        purpose: "Loki's own SeaweedFS identity (the Job creates it with Read/Write/List on Loki's buckets only)",
      },
    );
  } else {
    out.push({ name: st.credentialsSecret, keys: Object.values(S3_KEYS), readBy: ["Loki"], purpose: `access to the bucket ${st.bucket} at ${st.endpoint}` });
  }
  const receiverKeys = new Map<string, Set<string>>();
  for (const r of p.alertmanager.receivers) {
    for (const ref of receiverSecretRefs(r)) receiverKeys.set(ref.name, new Set([...(receiverKeys.get(ref.name) ?? []), ref.key]));
  }
  for (const [name, keys] of receiverKeys) {
    out.push({ name, keys: [...keys].sort(), readBy: ["Alertmanager"], purpose: "a receiver's credential (URL, token or SMTP password)" });
  }
  for (const e of p.exporters) {
    if (e.secret) out.push({ name: e.secret.name, keys: [MOUNTED_WHOLE], readBy: [`exporter ${e.name}`], purpose: `mounted at ${e.secret.mountPath}` });
  }
  // One entry per name: a Secret named twice (e.g. the same Secret for two roles) lists every key and reader.
  const merged = new Map<string, RequiredSecret>();
  for (const s of out) {
    const seen = merged.get(s.name);
    if (!seen) merged.set(s.name, { ...s, keys: [...s.keys], readBy: [...s.readBy] });
    else {
      seen.keys = [...new Set([...seen.keys, ...s.keys])];
      seen.readBy = [...new Set([...seen.readBy, ...s.readBy])];
      seen.purpose = `${seen.purpose}; ${s.purpose}`;
    }
  }
  return [...merged.values()];
}

/** The list as `obstack render` prints it. */
export function formatRequiredSecrets(p: Profile): string {
  const lines = requiredSecrets(p).map((s) => `  ${s.name}: ${s.keys.join(", ")} (read by ${s.readBy.join(", ")})`);
  return `Secrets to create in namespace ${p.namespace} (as Secrets or SealedSecrets):\n${lines.join("\n")}\n`;
}
