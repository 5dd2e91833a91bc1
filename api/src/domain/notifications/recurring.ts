import { addDays } from "@tandem/shared";

export const UPCOMING_DAYS = 3;

export interface SeriesView {
  id: string;
  status: string;
  amount: number;
  nextDate: string | null;
  nextAmount: number | null;
}

/** Confirmed outgoing series whose next payment falls in today … today + UPCOMING_DAYS. */
export function upcomingPayments<S extends SeriesView>(series: readonly S[], today: string): S[] {
  const last = addDays(today, UPCOMING_DAYS);
  return series.filter(
    (s) =>
      s.status === "confirmed" &&
      (s.nextAmount ?? s.amount) < 0 &&
      s.nextDate !== null &&
      s.nextDate >= today &&
      s.nextDate <= last,
  );
}
