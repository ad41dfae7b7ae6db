import type { Metadata } from "next";
import { AdapterListPage } from "../_adapters/adapter-list-page";
import { checkSourceAction, cloneSourceAction, deleteSourceAction } from "./actions";

export const metadata: Metadata = { title: "Sources" };

export default function SourcesPage() {
  return <AdapterListPage kind="source" actions={{ check: checkSourceAction, clone: cloneSourceAction, remove: deleteSourceAction }} />;
}
