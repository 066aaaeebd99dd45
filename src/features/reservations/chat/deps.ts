// What the reservation conversation needs beyond the handler context: the clock, injectable so tests move time.
export interface ChatDeps {
  now: () => Date;
}
