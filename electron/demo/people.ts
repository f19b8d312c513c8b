import type { Random } from './random.js';

/** Chicago's mix of first names; a salon's clientele is mostly women. */
const WOMEN = [
  'Olivia', 'Emma', 'Sophia', 'Isabella', 'Mia', 'Ava', 'Amelia', 'Harper', 'Evelyn', 'Abigail', 'Emily', 'Elizabeth',
  'Sofia', 'Camila', 'Valentina', 'Lucia', 'Gabriela', 'Ana', 'Maria', 'Daniela', 'Mariana', 'Ximena', 'Guadalupe',
  'Jasmine', 'Aaliyah', 'Imani', 'Destiny', 'Keisha', 'Tiara', 'Brianna', 'Kayla', 'Alexis', 'Taylor', 'Morgan',
  'Jessica', 'Ashley', 'Jennifer', 'Amanda', 'Sarah', 'Stephanie', 'Nicole', 'Megan', 'Lauren', 'Rachel', 'Hannah',
  'Katarzyna', 'Agnieszka', 'Magdalena', 'Joanna', 'Monika', 'Priya', 'Aisha', 'Fatima', 'Mei', 'Grace', 'Hana',
  'Yuna', 'Linh', 'Min-ji', 'Claire', 'Julia', 'Natalie', 'Chloe', 'Zoe', 'Lily', 'Nora', 'Ella', 'Madison', 'Avery',
  'Samantha', 'Victoria', 'Erin', 'Kathleen', 'Maureen', 'Colleen', 'Bridget', 'Patricia', 'Linda', 'Barbara',
  'Susan', 'Karen', 'Denise', 'Monique', 'Tanisha', 'Rosa', 'Carmen', 'Veronica', 'Adriana', 'Leticia', 'Paola',
];
const MEN = [
  'James', 'Michael', 'David', 'Daniel', 'Matthew', 'Anthony', 'Christopher', 'Joshua', 'Andrew', 'Ryan', 'Kevin',
  'Jose', 'Luis', 'Carlos', 'Juan', 'Miguel', 'Alejandro', 'Diego', 'Marcus', 'Andre', 'Darnell', 'Malik', 'Jamal',
  'Tomasz', 'Piotr', 'Jakub', 'Raj', 'Arjun', 'Omar', 'Wei', 'Kenji', 'Minh', 'Patrick', 'Sean', 'Brendan', 'Tyler',
];
const LAST = [
  'Garcia', 'Rodriguez', 'Martinez', 'Hernandez', 'Lopez', 'Gonzalez', 'Perez', 'Sanchez', 'Ramirez', 'Torres',
  'Flores', 'Rivera', 'Gomez', 'Diaz', 'Reyes', 'Morales', 'Cruz', 'Ortiz', 'Gutierrez', 'Chavez', 'Ruiz', 'Mendoza',
  'Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Miller', 'Davis', 'Wilson', 'Anderson', 'Thomas', 'Taylor',
  'Moore', 'Jackson', 'Martin', 'Lee', 'Thompson', 'White', 'Harris', 'Clark', 'Lewis', 'Robinson', 'Walker',
  'Young', 'Allen', 'King', 'Wright', 'Scott', 'Green', 'Baker', 'Adams', 'Nelson', 'Hill', 'Campbell', 'Mitchell',
  'Washington', 'Jefferson', 'Coleman', 'Brooks', 'Bell', 'Hayes', 'Price', 'Freeman', 'Banks', 'Gaines',
  'Kowalski', 'Nowak', 'Wisniewski', 'Wojcik', 'Kaminski', 'Lewandowski', 'Zielinski', 'Szymanski',
  "O'Brien", 'Murphy', 'Sullivan', 'Kelly', 'Walsh', 'Ryan', 'Byrne', 'Doyle', 'Brennan', 'Gallagher',
  'Nguyen', 'Tran', 'Pham', 'Kim', 'Park', 'Choi', 'Chen', 'Wang', 'Liu', 'Zhang', 'Patel', 'Shah', 'Singh',
  'Kumar', 'Khan', 'Ali', 'Ahmed', 'Russo', 'Romano', 'Esposito', 'Ricci', 'Schmidt', 'Schneider', 'Fischer',
  'Novak', 'Horvath', 'Petrov', 'Ivanova', 'Okafor', 'Mensah', 'Adeyemi', 'Cohen', 'Levine', 'Friedman',
];
const EMAIL_DOMAINS = ['gmail.com', 'gmail.com', 'gmail.com', 'gmail.com', 'yahoo.com', 'icloud.com', 'icloud.com', 'outlook.com', 'hotmail.com', 'comcast.net', 'aol.com'];
/** Chicago's area codes: 312 downtown, 773 the rest of the city, 872 the overlay. */
const AREA_CODES = [312, 312, 773, 773, 773, 872];

export interface Person {
  name: string;
  /** E.164, unique among the generated people. */
  phone: string;
  email?: string;
}

/** Makes people with realistic names, unique Chicago phone numbers, and emails for some. */
export class PeopleFactory {
  private readonly phones = new Set<string>();
  private readonly emails = new Set<string>();

  constructor(private readonly random: Random) {}

  person(emailShare = 0.45): Person {
    const r = this.random;
    const first = r.chance(0.78) ? r.pick(WOMEN) : r.pick(MEN);
    const last = r.pick(LAST);
    const person: Person = { name: `${first} ${last}`, phone: this.phone() };
    if (r.chance(emailShare)) person.email = this.email(first, last);
    return person;
  }

  /** A number nobody generated yet: +1 NPA NXX XXXX, exchange not N11, never 555 (reserved). */
  phone(): string {
    const r = this.random;
    for (;;) {
      const exchange = r.int(200, 999);
      if (exchange % 100 === 11 || exchange === 555) continue;
      const phone = `+1${r.pick(AREA_CODES)}${exchange}${String(r.int(0, 9999)).padStart(4, '0')}`;
      if (!this.phones.has(phone)) {
        this.phones.add(phone);
        return phone;
      }
    }
  }

  private email(first: string, last: string): string {
    const r = this.random;
    const f = first.toLowerCase().replace(/[^a-z]/g, '');
    const l = last.toLowerCase().replace(/[^a-z]/g, '');
    const styles = [`${f}.${l}`, `${f}${l}`, `${f[0]}${l}`, `${f}_${l}`, `${f}${l[0]}`];
    const base = `${r.pick(styles)}${r.chance(0.4) ? r.int(1, 99) : ''}`;
    for (let n = 0; ; n++) {
      const email = `${base}${n === 0 ? '' : n + 1}@${r.pick(EMAIL_DOMAINS)}`;
      if (!this.emails.has(email)) {
        this.emails.add(email);
        return email;
      }
    }
  }
}

/** How a national number is written at the desk, so bookings exercise the normalisation. */
export function deskFormat(e164: string, random: Random): string {
  const d = e164.slice(2);
  switch (random.int(0, 3)) {
    case 0:
      return `(${d.slice(0, 3)}) ${d.slice(3, 6)}-${d.slice(6)}`;
    case 1:
      return `${d.slice(0, 3)}-${d.slice(3, 6)}-${d.slice(6)}`;
    default:
      return e164;
  }
}

export const STYLISTS = ['Maria', 'Jasmine', 'Alex', 'Priya', 'Dana'];

export const FIRST_VISIT_NOTES = [
  'first visit, referred by a friend',
  'first visit, found us on Instagram',
  'first visit, wants a consultation before color',
  'new client: bring inspiration photos',
];

export const VISIT_NOTES = [
  'sensitive scalp',
  'patch test done',
  'same color as last time',
  'long hair, may need extra time',
  'wants to try bangs',
  'prefers a quiet appointment',
  'running a few minutes late',
  'bringing her daughter',
];
