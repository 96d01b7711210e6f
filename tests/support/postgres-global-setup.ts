// Placeholder replaced by the relay work: starts or finds PostgreSQL for relay tests.
export default function setup(): void {}
