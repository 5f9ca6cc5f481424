/** A refusal or failure from the API, with its problem+json reason when there is one. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly reason: string | undefined,
    readonly detail: string,
  ) {
    super(detail);
    this.name = 'ApiError';
  }
}
