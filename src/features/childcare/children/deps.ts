// What the children's handlers need beyond the handler context: the clock ("today" in the city).
export interface ChildrenDeps {
  now: () => Date;
}
