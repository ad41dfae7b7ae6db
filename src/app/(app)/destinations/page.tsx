import type { Metadata } from "next";
import { AdapterListPage } from "../_adapters/adapter-list-page";
import { checkDestinationAction, cloneDestinationAction, deleteDestinationAction } from "./actions";

export const metadata: Metadata = { title: "Destinations" };

export default function DestinationsPage() {
  return <AdapterListPage kind="destination" actions={{ check: checkDestinationAction, clone: cloneDestinationAction, remove: deleteDestinationAction }} />;
}
