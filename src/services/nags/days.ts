/**
 * The broker's dates are calendar days in UTC ("today + 30 days" is a midnight), and a period
 * adds calendar units as PHP's strtotime does (Jan 31 + 1 month overflows into March).
 */
export function startOfUtcDay(at: Date): Date {
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));
}

/** The last second of the day, as the broker shows expiry dates (`YYYY-MM-DDT23:59:59Z`). */
export function endOfUtcDay(at: Date): Date {
  return new Date(startOfUtcDay(at).getTime() + 86_400_000 - 1_000);
}

export interface Period {
  years?: number;
  months?: number;
  days?: number;
}

export function addPeriod(at: Date, { years = 0, months = 0, days = 0 }: Period): Date {
  const d = new Date(at);
  if (years || months) d.setUTCMonth(d.getUTCMonth() + years * 12 + months);
  if (days) d.setUTCDate(d.getUTCDate() + days);
  return d;
}

/** today (UTC) + period, at midnight: the broker's date-only "after" values. */
export const dayAfter = (now: Date, period: Period): Date => addPeriod(startOfUtcDay(now), period);
