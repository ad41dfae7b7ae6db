"use client";

import { useTheme } from "next-themes";
import { useCallback, useEffect } from "react";

export type ThemeChoice = "light" | "dark" | "system";

// The last profile preference this browser applied. The header toggle stays a per-browser override
// until the profile preference itself changes, instead of being reverted on every page load.
const APPLIED_KEY = "bunker-theme-preference";

/** Applies the theme saved on the profile, once per change of that preference. */
export function ThemePreference({ theme }: { theme: ThemeChoice | null }) {
  const { setTheme } = useTheme();
  useEffect(() => {
    if (!theme) return;
    if (window.localStorage.getItem(APPLIED_KEY) === theme) return;
    window.localStorage.setItem(APPLIED_KEY, theme);
    setTheme(theme);
  }, [theme, setTheme]);
  return null;
}

/** For the profile form: switch now and remember it as applied. */
export function useApplyThemePreference() {
  const { setTheme } = useTheme();
  return useCallback(
    (theme: ThemeChoice) => {
      window.localStorage.setItem(APPLIED_KEY, theme);
      setTheme(theme);
    },
    [setTheme],
  );
}
