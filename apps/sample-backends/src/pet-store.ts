export const PET_STATUSES = ['available', 'pending', 'sold'] as const;
export type PetStatus = (typeof PET_STATUSES)[number];

export interface Pet {
  id: number;
  name: string;
  status: PetStatus;
  category: { id: number; name: string };
  photoUrls: string[];
  tags: { id: number; name: string }[];
  [extra: string]: unknown;
}

/** Pets kept at most; the oldest entries go first, so a long-running demo stays small. */
export const MAX_PETS = 1000;

const SEED: readonly Pick<Pet, 'name' | 'status'>[] = [
  { name: 'doggie', status: 'available' },
  { name: 'kitty', status: 'available' },
  { name: 'goldie', status: 'pending' },
  { name: 'rex', status: 'sold' },
  { name: 'polly', status: 'available' },
];

/** The pet store's data, in memory and per process, like the Swagger sample it imitates. */
export class PetStore {
  private readonly pets = new Map<number, Pet>();
  private nextId = 1;

  constructor() {
    for (const seed of SEED) this.save({ ...seed, id: this.nextId, category: { id: 1, name: 'pets' }, photoUrls: [], tags: [] });
  }

  get(id: number): Pet | undefined {
    return this.pets.get(id);
  }

  findByStatus(statuses: readonly PetStatus[]): Pet[] {
    return [...this.pets.values()].filter((pet) => statuses.includes(pet.status));
  }

  /** Stores the pet under its own positive integer id, or under a new one; returns what was stored. */
  add(input: Record<string, unknown>): Pet {
    const id = Number.isSafeInteger(input.id) && (input.id as number) > 0 ? (input.id as number) : this.nextId;
    const pet: Pet = {
      photoUrls: [],
      tags: [],
      category: { id: 0, name: 'unknown' },
      ...input,
      id,
      name: typeof input.name === 'string' ? input.name : 'unnamed',
      status: isPetStatus(input.status) ? input.status : 'available',
    };
    this.save(pet);
    return pet;
  }

  private save(pet: Pet): void {
    this.pets.delete(pet.id);
    this.pets.set(pet.id, pet);
    this.nextId = Math.max(this.nextId, pet.id + 1);
    if (this.pets.size > MAX_PETS) this.pets.delete(this.pets.keys().next().value as number);
  }
}

export function isPetStatus(value: unknown): value is PetStatus {
  return typeof value === 'string' && (PET_STATUSES as readonly string[]).includes(value);
}
