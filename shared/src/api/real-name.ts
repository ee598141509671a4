/** POST /me/real-name: the holder's name and resident ID number, checked against the identity-verification service. */
export interface RealNameRequest {
  name: string;
  /** 18 characters, the last a digit or X (GB 11643). */
  idNo: string;
}

/** The consumer's real-name status; the ID number only ever leaves the platform masked. */
export interface RealNameView {
  verified: boolean;
  /** `张*`; null until verified. */
  maskedName: string | null;
  /** `1101**********1234`; null until verified. */
  maskedIdNo: string | null;
  verifiedAt: string | null;
}
