import { webcrypto } from 'node:crypto';

type MetadataTarget = object;
type MetadataKey = unknown;
type ReflectWithMetadata = typeof Reflect & {
  getMetadata?: (key: MetadataKey, target: MetadataTarget, property?: PropertyKey) => unknown;
};

/**
 * @peculiar/x509 resolves its algorithm providers through tsyringe, which refuses to load without
 * the `reflect-metadata` API. That polyfill is not a dependency of this project, and tsyringe only
 * needs this small subset (define/get metadata, with prototype-chain lookup), so install just that
 * when nothing else has.
 */
function installReflectMetadataShim(): void {
  const reflect = Reflect as ReflectWithMetadata;
  if (typeof reflect.getMetadata === 'function') return;
  const store = new WeakMap<MetadataTarget, Map<PropertyKey | undefined, Map<MetadataKey, unknown>>>();
  const bucket = (target: MetadataTarget, property: PropertyKey | undefined, create: boolean) => {
    let byProperty = store.get(target);
    if (!byProperty && create) store.set(target, (byProperty = new Map()));
    let entries = byProperty?.get(property);
    if (!entries && create && byProperty) byProperty.set(property, (entries = new Map()));
    return entries;
  };
  const getOwn = (key: MetadataKey, target: MetadataTarget, property?: PropertyKey) =>
    bucket(target, property, false)?.get(key);
  const hasOwn = (key: MetadataKey, target: MetadataTarget, property?: PropertyKey) =>
    bucket(target, property, false)?.has(key) ?? false;
  const get = (key: MetadataKey, target: MetadataTarget, property?: PropertyKey): unknown => {
    for (let current: MetadataTarget | null = target; current; current = Object.getPrototypeOf(current)) {
      if (hasOwn(key, current, property)) return getOwn(key, current, property);
    }
    return undefined;
  };
  const define = (key: MetadataKey, value: unknown, target: MetadataTarget, property?: PropertyKey) => {
    bucket(target, property, true)!.set(key, value);
  };
  Object.assign(Reflect, {
    defineMetadata: define,
    getOwnMetadata: getOwn,
    hasOwnMetadata: hasOwn,
    getMetadata: get,
    hasMetadata: (key: MetadataKey, target: MetadataTarget, property?: PropertyKey) =>
      get(key, target, property) !== undefined,
    metadata: (key: MetadataKey, value: unknown) => (target: MetadataTarget, property?: PropertyKey) =>
      define(key, value, target, property),
  });
}

/** Loaded on demand: only a start that must create certificates pays for it. */
export async function loadX509() {
  installReflectMetadataShim();
  const x509 = await import('@peculiar/x509');
  x509.cryptoProvider.set(webcrypto as unknown as Crypto);
  return x509;
}
