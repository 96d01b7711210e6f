/**
 * A secret staff must copy now because it is never shown again (an invite code, a new staff
 * member's passphrase), followed by the view's problem line, if any.
 */
export function ShownOnce(props: {
  /** The secret, or empty when nothing was just created. */
  secret: string | null | undefined;
  /** What to tell staff about it ("shown once, give it in person"). */
  explain: string;
  testId: string;
  problem: string | null | undefined;
}) {
  return (
    <>
      {props.secret && (
        <div class="card code-card" role="status">
          <p>{props.explain}</p>
          <p class="code" data-testid={props.testId}>
            {props.secret}
          </p>
        </div>
      )}
      {props.problem && (
        <p class="error" role="alert">
          {props.problem}
        </p>
      )}
    </>
  );
}
