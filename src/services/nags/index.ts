export { bumpNag, initialNagDates, NAG_INTERVALS, nagStateOf, type NagState } from "./nag-state.js";
export { addPeriod, dayAfter, endOfUtcDay, startOfUtcDay, type Period } from "./days.js";
