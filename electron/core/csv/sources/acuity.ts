import type { SourceMap } from './source-map.js';

/**
 * Acuity Scheduling. Appointments: the appointments export, header confirmed from a real
 * export (Start Time, End Time, First Name, …, Appointment Price, …, Appointment ID; an optional
 * Canceled column). It has no status: an appointment not cancelled whose start has passed was
 * kept. Customers: the client list (First Name, Last Name, Phone, Email, Notes, Days Since Last
 * Appointment), from Acuity's help pages.
 */
export const ACUITY: SourceMap = {
  id: 'acuity',
  signature: [
    'Calendar', 'Appointment Price', 'Paid?', 'Amount Paid Online', 'Certificate', 'Date Scheduled', 'Scheduled By', 'Date Rescheduled',
    'Days Since Last Appointment',
  ],
  evidence: { appointments: 'confirmed', customers: 'confirmed' },
  pastIsCompleted: true,
  appointments: {
    appointment_id: ['Appointment ID'],
    start: ['Start Time'],
    end: ['End Time'],
    first_name: ['First Name'],
    last_name: ['Last Name'],
    phone: ['Phone'],
    email: ['Email'],
    service: ['Type'],
    staff: ['Calendar'],
    price: ['Appointment Price'],
    cancelled: ['Canceled', 'Cancelled'],
    booked_at: ['Date Scheduled'],
    notes: ['Notes'],
  },
  customers: {
    first_name: ['First Name'],
    last_name: ['Last Name'],
    phone: ['Phone'],
    email: ['Email'],
    notes: ['Notes'],
    days_since_last_visit: ['Days Since Last Appointment'],
  },
};
