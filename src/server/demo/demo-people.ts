/** Deterministic pseudo-random choices, so the demo data set is the same on every machine. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = Math.imul(state ^ (state >>> 15), 1 | state);
    value = (value + Math.imul(value ^ (value >>> 7), 61 | value)) ^ value;
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

export function pick<T>(random: () => number, items: readonly T[]): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
}

export const firstNames = [
  'Amara',
  'Ben',
  'Carla',
  'Dmitri',
  'Elena',
  'Farid',
  'Grace',
  'Hiro',
  'Ines',
  'Jonas',
  'Keiko',
  'Liam',
  'Maya',
  'Nikhil',
  'Olga',
  'Pedro',
  'Quinn',
  'Rosa',
  'Samir',
  'Tessa',
  'Umar',
  'Vera',
  'Wen',
  'Yusuf',
  'Zoe',
  'Aisha',
  'Bruno',
  'Chloe',
  'Diego',
  'Emeka',
  'Freya',
  'Gustavo',
  'Hanna',
  'Ivan',
  'Julia',
  'Kofi',
  'Lena',
] as const;

export const lastNames = [
  'Adeyemi',
  'Bauer',
  'Castillo',
  'Dubois',
  'Eriksen',
  'Fischer',
  'Garcia',
  'Hoffmann',
  'Ivanova',
  'Jensen',
  'Kowalski',
  'Larsen',
  'Moreau',
  'Nakamura',
  'Okafor',
  'Petrov',
  'Quintero',
  'Rossi',
  'Schmidt',
  'Tanaka',
  'Ueda',
  'Varga',
  'Weber',
  'Xu',
  'Yilmaz',
  'Zimmermann',
  'Andersson',
  'Brennan',
  'Costa',
  'Demir',
  'Evans',
  'Fontaine',
  'Gupta',
  'Haddad',
  'Ito',
  'Kim',
  'Lindqvist',
  'Mensah',
  'Novak',
  'Olsen',
  'Patel',
  'Reyes',
] as const;

export const contactTitles = [
  'Chief Information Officer',
  'IT Director',
  'Head of Infrastructure',
  'Procurement Manager',
  'VP Operations',
  'Chief Financial Officer',
  'Data Center Manager',
  'Enterprise Architect',
  'Head of Security',
  'IT Purchasing Lead',
  'CTO',
  'Network Manager',
] as const;

export const departments = [
  'IT',
  'Procurement',
  'Finance',
  'Operations',
  'Security',
  'Architecture',
] as const;

export const cities: Record<string, readonly string[]> = {
  'United States': ['New York', 'Chicago', 'Austin', 'Seattle', 'Boston', 'Denver', 'Atlanta', 'San Jose'],
  Belgium: ['Brussels'],
  Brazil: ['São Paulo'],
  China: ['Shenzhen'],
  Germany: ['Munich'],
  Italy: ['Milan'],
  Japan: ['Osaka'],
  Jordan: ['Amman'],
  Kenya: ['Nairobi'],
  Korea: ['Seoul'],
  Norway: ['Oslo'],
  Panama: ['Panama City'],
  Philippines: ['Manila'],
  Poland: ['Kraków'],
  Romania: ['Cluj-Napoca'],
};
