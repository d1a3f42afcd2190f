/**
 * GobTypeIds: gives gob type ids to Go type descriptors, in the order Go's
 * `newTypeObject` would: a struct before its fields, a map or slice after its key and
 * element types, a GobEncoder type on its own. In Go these ids are process-global;
 * share one registry between encoders to reproduce a Go process byte for byte.
 */
import { FIRST_USER_TYPE_ID, GOB_BUILTIN_IDS, MIN_USER_TYPE_ID } from './wire-type.js';
import type { WireType } from './wire-type.js';
import type { GobType } from './go-types.js';

export class GobTypeIds {
  private readonly ids = new Map<GobType, number>();
  private readonly building = new Set<GobType>();
  private next: number;

  /** @param firstId the id the first user type gets (65 as in the Packer 1.6.6 captures; go1.26 uses 64). */
  constructor(firstId: number = FIRST_USER_TYPE_ID) {
    if (!Number.isSafeInteger(firstId) || firstId < MIN_USER_TYPE_ID) {
      throw new RangeError(`gob: user type ids start at ${MIN_USER_TYPE_ID} or later, got ${firstId}`);
    }
    this.next = firstId;
  }

  /** The id of `t`, allocating ids for it (and the types it uses) on first sight. */
  idOf(t: GobType): number {
    switch (t.kind) {
      case 'bool':
      case 'int':
      case 'uint':
      case 'float':
      case 'bytes':
      case 'string':
      case 'interface':
        return GOB_BUILTIN_IDS[t.kind];
    }
    const known = this.ids.get(t);
    if (known !== undefined) return known;
    switch (t.kind) {
      case 'gobEncoder':
        return this.assign(t);
      case 'struct': {
        const id = this.assign(t);
        for (const f of t.fields) this.idOf(f.type);
        return id;
      }
      case 'map':
      case 'slice': {
        if (this.building.has(t)) throw new Error(`gob: type ${t.name} contains itself without a struct in between`);
        this.building.add(t);
        if (t.kind === 'map') this.idOf(t.key);
        this.idOf(t.elem);
        this.building.delete(t);
        return this.ids.get(t) ?? this.assign(t);
      }
    }
  }

  /** The definition of a non-builtin type, with the ids of the types it refers to. */
  wireTypeOf(
    t: Exclude<GobType, { kind: 'bool' | 'int' | 'uint' | 'float' | 'bytes' | 'string' | 'interface' }>,
  ): WireType {
    const id = this.idOf(t);
    switch (t.kind) {
      case 'struct':
        return {
          kind: 'struct',
          name: t.name,
          id,
          fields: t.fields.map((f) => ({ name: f.name, id: this.idOf(f.type) })),
        };
      case 'map':
        return { kind: 'map', name: t.name, id, key: this.idOf(t.key), elem: this.idOf(t.elem) };
      case 'slice':
        return { kind: 'slice', name: t.name, id, elem: this.idOf(t.elem) };
      case 'gobEncoder':
        return { kind: 'gobEncoder', name: t.name, id };
    }
  }

  private assign(t: GobType): number {
    const id = this.next++;
    this.ids.set(t, id);
    return id;
  }
}
