import { useEffect, useState } from 'preact/hooks';

/**
 * A module loaded on demand (phone reading, the later steps), shared by every component that
 * needs it: `load()` starts the import once (again after a failure), `use()` re-renders the
 * component when it arrives.
 */
export interface LazyModule<T> {
  /** The module if loaded, else undefined. */
  current(): T | undefined;
  load(): Promise<T | undefined>;
  /** Hook: the module once loaded (starts loading on first use). */
  use(): T | undefined;
}

/** Wraps a dynamic import. */
export function lazyModule<T>(importer: () => Promise<T>): LazyModule<T> {
  let value: T | undefined;
  let loading: Promise<T | undefined> | undefined;

  const load = () =>
    (loading ??= importer().then(
      (module) => (value = module),
      () => {
        loading = undefined; // Offline for a moment: the next use tries again.
        return undefined;
      },
    ));

  return {
    current: () => value,
    load,
    use() {
      const [module, setModule] = useState(value);
      useEffect(() => {
        if (module === undefined) void load().then((m) => m && setModule(() => m));
      }, []);
      return module ?? value;
    },
  };
}
