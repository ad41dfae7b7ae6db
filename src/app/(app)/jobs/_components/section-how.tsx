"use client";
import { LockOpen } from "lucide-react";
import { FormField } from "@/components/forms/form-field";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Input } from "@/components/ui/input";
import { NativeSelect } from "@/components/ui/native-select";
import type { Compression } from "@/server/services/jobs/jobs.schema";
import { FormSection } from "./form-section";
import { DEFAULT_LEVEL, type FieldErrorOf, type JobFormChoices, type JobFormValues, MAX_LEVEL, type SetValues } from "./form-values";

const COMPRESSION_HINT: Record<Compression, string> = {
  zstd: "Fast and small: about as quick as the bare dump. Recommended.",
  gzip: "Readable everywhere, but about 4× slower than zstd and larger.",
  none: "Stored as dumped. Only for data that is already compressed.",
};

export function HowSection({ values, set, err, choices }: { values: JobFormValues; set: SetValues; err: FieldErrorOf; choices: JobFormChoices }) {
  const c = values.compression;
  return (
    <FormSection id="how" step={4} title="How" description="Compression, then encryption with an age key: any standard tool can read the result.">
      <div className="grid gap-4 sm:grid-cols-[1fr_10rem]">
        <FormField id="job-compression" label="Compression" error={err("compression")} hint={COMPRESSION_HINT[c]}>
          <NativeSelect
            id="job-compression"
            value={c}
            onChange={(e) => set({ compression: e.target.value as Compression, compressionLevel: "" })}
            aria-invalid={!!err("compression")}
          >
            <option value="zstd">zstd</option>
            <option value="gzip">gzip</option>
            <option value="none">None</option>
          </NativeSelect>
        </FormField>
        {c !== "none" ? (
          <FormField id="job-compression-level" label="Level" error={err("compressionLevel")} hint={`1–${MAX_LEVEL[c]}, default ${DEFAULT_LEVEL[c]}`}>
            <Input
              id="job-compression-level"
              type="number"
              inputMode="numeric"
              min={1}
              max={MAX_LEVEL[c]}
              value={values.compressionLevel}
              placeholder={String(DEFAULT_LEVEL[c])}
              onChange={(e) => set({ compressionLevel: e.target.value })}
              aria-invalid={!!err("compressionLevel")}
            />
          </FormField>
        ) : null}
      </div>

      <FormField
        id="job-encryption"
        label="Encryption profile"
        error={err("encryptionProfileId")}
        hint={
          choices.encryptionProfiles.length === 0
            ? "There is no encryption profile yet: create one (and keep its recovery kit offline) to encrypt backups."
            : "Backups are encrypted to the profile's public key. Restoring needs its private key."
        }
      >
        <NativeSelect
          id="job-encryption"
          value={values.encryptionProfileId}
          onChange={(e) => set({ encryptionProfileId: e.target.value })}
          aria-invalid={!!err("encryptionProfileId")}
        >
          {choices.encryptionProfiles.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
          <option value="">No encryption</option>
        </NativeSelect>
      </FormField>
      {values.encryptionProfileId === "" ? (
        <Alert variant="warning" data-testid="no-encryption-warning">
          <LockOpen />
          <AlertTitle>Backups will be stored in clear</AlertTitle>
          <AlertDescription>Anyone who can read a destination can read the data in these backups. Pick an encryption profile unless the data is public.</AlertDescription>
        </Alert>
      ) : null}
    </FormSection>
  );
}
