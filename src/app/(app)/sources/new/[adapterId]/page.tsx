import type { Metadata } from "next";
import { AdapterFormPage } from "../../../_adapters/adapter-form-page";
import { createSourceAction, testSourceAction, updateSourceAction } from "../../actions";

export const metadata: Metadata = { title: "New source" };

export default async function NewSourcePage({ params }: { params: Promise<{ adapterId: string }> }) {
  const { adapterId } = await params;
  return <AdapterFormPage kind="source" adapterId={adapterId} actions={{ create: createSourceAction, update: updateSourceAction, test: testSourceAction }} />;
}
