"use server";
import { adapterActions } from "../_adapters/adapter-actions";

const actions = adapterActions("source");

export const createSourceAction = actions.create;
export const updateSourceAction = actions.update;
export const testSourceAction = actions.test;
export const checkSourceAction = actions.check;
export const cloneSourceAction = actions.clone;
export const deleteSourceAction = actions.remove;
