/** Placeholder replaced when the Redis harness lands. */
export default async function setup(): Promise<void> {}
