import type { SourceMap } from './source-map.js';

/** Fresha's client list (export_customer_list.csv) in English, its columns in their order. */
const CLIENT_LIST = [
  'Client ID', 'First Name', 'Last Name', 'Full Name', 'Blocked', 'Block Reason', 'Gender', 'Mobile Number', 'Telephone', 'Email',
  'Accepts Marketing', 'Accepts SMS Marketing', 'Address', 'Apartment Suite', 'Area', 'City', 'State', 'Post Code', 'Date of Birth',
  'Added', 'Note', 'Referral Source',
] as const;

/**
 * Fresha. Customers: the client list, confirmed from a real export; it follows the account's
 * language (the Italian one begins "ID cliente, Nome, Cognome, Nome e cognome, Bloccato") with
 * the same columns in the same order, so it is also matched by position. Appointments: guessed.
 */
export const FRESHA: SourceMap = {
  id: 'fresha',
  signature: [
    'Ref #', 'Ref', 'Team Member', 'Scheduled Date', 'Scheduled Time', 'Mobile Number', 'Client ID', 'Blocked', 'Block Reason', 'Added', 'Channel',
    'Accepts Marketing', 'Accepts SMS Marketing', 'Apartment Suite', 'Referral Source',
  ],
  evidence: { customers: 'confirmed', appointments: 'guessed' },
  positional: { kind: 'customers', columns: CLIENT_LIST },
  appointments: {
    appointment_id: ['Ref #', 'Ref', 'Reference', 'Booking Ref', 'Appointment Ref'],
    start: ['Scheduled Date & Time', 'Scheduled At', 'Start Time & Date'],
    date: ['Scheduled Date', 'Date', 'Appointment Date'],
    time: ['Scheduled Time', 'Time', 'Start Time'],
    end_time: ['End Time'],
    duration: ['Duration'],
    customer_name: ['Client', 'Client Name', 'Customer'],
    first_name: ['Client First Name', 'First Name'],
    last_name: ['Client Last Name', 'Last Name'],
    phone: ['Client Mobile', 'Mobile Number', 'Client Phone', 'Mobile', 'Phone', 'Telephone'],
    email: ['Client Email', 'Email'],
    service: ['Service', 'Service Name', 'Services'],
    price: ['Price', 'Total', 'Amount', 'Gross Total'],
    status: ['Status', 'Appointment Status'],
    booked_at: ['Created Date', 'Created At', 'Created', 'Booked Date'],
    status_at: ['Cancelled Date', 'Cancellation Date'],
    staff: ['Team Member', 'Staff', 'Staff Member'],
    notes: ['Notes', 'Appointment Notes', 'Booking Notes'],
  },
  customers: {
    customer_name: ['Full Name', 'Client Name', 'Client', 'Name'],
    first_name: ['First Name'],
    last_name: ['Last Name'],
    phone: ['Mobile Number', 'Mobile', 'Telephone', 'Phone'],
    email: ['Email', 'Email Address'],
    notes: ['Note', 'Notes', 'Client Notes'],
    first_seen_at: ['Added', 'Created Date', 'Client Since', 'Date Added'],
  },
};
