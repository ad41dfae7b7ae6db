import type { Metadata } from "next";
import { AdapterFormPage } from "../../../_adapters/adapter-form-page";
import { createDestinationAction, testDestinationAction, updateDestinationAction } from "../../actions";

export const metadata: Metadata = { title: "New destination" };

export default async function NewDestinationPage({ params }: { params: Promise<{ adapterId: string }> }) {
  const { adapterId } = await params;
  return <AdapterFormPage kind="destination" adapterId={adapterId} actions={{ create: createDestinationAction, update: updateDestinationAction, test: testDestinationAction }} />;
}
