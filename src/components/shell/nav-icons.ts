import {
  ArchiveIcon,
  BellIcon,
  CalendarClockIcon,
  CircleUserIcon,
  DatabaseIcon,
  HardDriveIcon,
  HistoryIcon,
  KeyRoundIcon,
  KeySquareIcon,
  LayoutDashboardIcon,
  ListChecksIcon,
  ScrollTextIcon,
  SettingsIcon,
  ShieldCheckIcon,
  UsersIcon,
  type LucideIcon,
} from "lucide-react";

import type { NavIconKey } from "./types";

export const NAV_ICONS: Record<NavIconKey, LucideIcon> = {
  dashboard: LayoutDashboardIcon,
  jobs: CalendarClockIcon,
  sources: DatabaseIcon,
  destinations: HardDriveIcon,
  storage: ArchiveIcon,
  history: HistoryIcon,
  vault: KeyRoundIcon,
  notifications: BellIcon,
  users: UsersIcon,
  groups: ShieldCheckIcon,
  audit: ScrollTextIcon,
  settings: SettingsIcon,
  profile: CircleUserIcon,
  apiKeys: KeySquareIcon,
  tasks: ListChecksIcon,
};
