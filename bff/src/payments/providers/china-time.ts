// The channels speak Beijing time; each format below is the shared Shanghai-time helper under the name the
// channel documents use, so an adapter reads like the protocol it implements.
import { parseRfc3339, parseShanghaiDateTime, shanghaiCompact, shanghaiDate, shanghaiDateTime, shanghaiRfc3339 } from '@jucard/shared';

/** 2025-01-01 (bill dates: the Asia/Shanghai business day). */
export const chinaDate = shanghaiDate;

/** 2025-01-01 12:00:00 (Alipay). */
export const chinaDateTime = (date: Date): string => shanghaiDateTime(date);

/** 20250101120000 (UnionPay txnTime, payTimeout). */
export const chinaCompact = shanghaiCompact;

/** 2025-01-01T12:00:00+08:00 (WeChat Pay v3). */
export const chinaRfc3339 = shanghaiRfc3339;

/** Reads "2025-01-01 12:00:00" or "20250101120000" as Beijing time; null when malformed. */
export const parseChinaDateTime = parseShanghaiDateTime;

/** Reads an RFC 3339 time with its offset (WeChat's success_time); null when malformed. */
export { parseRfc3339 };
