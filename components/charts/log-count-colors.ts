/** Error and warn bars; the same reds and ambers as the status colours, darker for thin bars.
 *  A module of its own: the logs panel's legend needs the colours in the page's first load, and
 *  importing them from the chart would pull recharts out of its lazy chunk. */
export const LOG_COUNT_COLORS = { error: "#dc2626", warn: "#d97706" } as const;
