"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { FormAlert } from "@/components/forms/form-alert";
import { FormField } from "@/components/forms/form-field";
import { useServerAction } from "@/components/forms/use-server-action";
import { type ThemeChoice, useApplyThemePreference } from "@/components/theme/theme-preference";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "@/components/ui/card";
import { NativeSelect } from "@/components/ui/native-select";
import { DATE_FORMATS, type DateFormat, formatDateTime } from "@/lib/format";
import { updatePreferencesAction } from "../actions";

type Props = {
  timezone: string | null;
  dateFormat: DateFormat;
  theme: ThemeChoice;
  /** The instance's zone, used when the user picks none */
  instanceZone: string;
  zones: string[];
  /** Rendered-at time for the preview, so server and client print the same thing */
  now: string;
};

const THEME_LABELS: Record<ThemeChoice, string> = { system: "Follow the system", light: "Light", dark: "Dark" };

export function PreferencesCard(props: Props) {
  const router = useRouter();
  const applyTheme = useApplyThemePreference();
  const [timezone, setTimezone] = useState(props.timezone ?? "");
  const [dateFormat, setDateFormat] = useState<DateFormat>(props.dateFormat);
  const [theme, setTheme] = useState<ThemeChoice>(props.theme);
  const action = useServerAction(updatePreferencesAction);
  const preview = formatDateTime(props.now, timezone || props.instanceZone, dateFormat);

  return (
    <Card>
      <CardHeader>
        <CardTitle>Preferences</CardTitle>
        <CardDescription>How Bunker shows dates and which colour scheme it uses, for your account on every browser.</CardDescription>
      </CardHeader>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          action.run({ timezone, dateFormat, theme }, {
            success: "Preferences saved",
            onSuccess: () => {
              applyTheme(theme);
              router.refresh();
            },
          });
        }}
      >
        <CardContent className="grid gap-4 sm:grid-cols-3">
          <div className="sm:col-span-3"><FormAlert message={action.error && !action.error.fieldErrors ? action.error.message : null} /></div>
          <FormField id="pref-timezone" label="Time zone" error={action.fieldError("timezone")}>
            <NativeSelect id="pref-timezone" value={timezone} onChange={(e) => setTimezone(e.target.value)}>
              <option value="">Instance default ({props.instanceZone})</option>
              {props.zones.map((z) => <option key={z} value={z}>{z}</option>)}
            </NativeSelect>
          </FormField>
          <FormField id="pref-date-format" label="Date format" error={action.fieldError("dateFormat")}>
            <NativeSelect id="pref-date-format" value={dateFormat} onChange={(e) => setDateFormat(e.target.value as DateFormat)}>
              {(Object.keys(DATE_FORMATS) as DateFormat[]).map((f) => <option key={f} value={f}>{DATE_FORMATS[f]}</option>)}
            </NativeSelect>
          </FormField>
          <FormField id="pref-theme" label="Theme" error={action.fieldError("theme")}>
            <NativeSelect id="pref-theme" value={theme} onChange={(e) => setTheme(e.target.value as ThemeChoice)}>
              {(Object.keys(THEME_LABELS) as ThemeChoice[]).map((t) => <option key={t} value={t}>{THEME_LABELS[t]}</option>)}
            </NativeSelect>
          </FormField>
          <p className="text-muted-foreground text-sm sm:col-span-3">
            Preview: <span className="text-foreground font-medium" data-testid="date-preview">{preview}</span>
          </p>
        </CardContent>
        <CardFooter className="justify-end pt-6">
          <Button type="submit" disabled={action.pending}>{action.pending ? "Saving…" : "Save preferences"}</Button>
        </CardFooter>
      </form>
    </Card>
  );
}
