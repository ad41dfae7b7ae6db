"use server";
import { adapterActions } from "../_adapters/adapter-actions";

const actions = adapterActions("destination");

export const createDestinationAction = actions.create;
export const updateDestinationAction = actions.update;
export const testDestinationAction = actions.test;
export const checkDestinationAction = actions.check;
export const cloneDestinationAction = actions.clone;
export const deleteDestinationAction = actions.remove;
