import type { Json } from "../types";
import { Time } from "./time";

/** A token the API returns once (an invitation, a password reset): shown here, never again. */
export function OneTimeToken({ what, token, expiresAt, where }: { what: React.ReactNode; token: string; expiresAt: string; where: string }) {
  return (
    <div className="one-time" role="status">
      <p>
        {what}, valid until <Time iso={expiresAt} />. Give this token to them now: it is shown only this once. They use it at <code>{where}</code>.
      </p>
      <code className="token">{token}</code>
    </div>
  );
}

/** The one-time answer to "Issue password reset". */
export function ResetToken({ body, email }: { body: Json; email: string }) {
  return <OneTimeToken what={<>Password reset for <strong>{email}</strong></>} token={body.token} expiresAt={body.expiresAt} where="/console/password-reset" />;
}
