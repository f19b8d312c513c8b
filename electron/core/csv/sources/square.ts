import type { SourceMap } from './source-map.js';

/**
 * Square Appointments. Customers: the customer directory export, header confirmed from a real
 * export (Reference ID, First Name, …, First Visit, Last Visit, Transaction Count, Lifetime
 * Spend, …). Appointments: guessed.
 */
export const SQUARE: SourceMap = {
  id: 'square',
  signature: [
    'Square Customer ID', 'Creation Source', 'Instant Profile', 'Email Subscription Status', 'Transaction Count', 'Lifetime Spend',
    'Blocked from online booking', 'Customer Phone', 'Seller Note', 'Reference ID',
  ],
  evidence: { customers: 'confirmed', appointments: 'guessed' },
  appointments: {
    appointment_id: ['Appointment ID', 'Booking ID', 'ID'],
    start: ['Start', 'Start Date & Time', 'Appointment Time'],
    date: ['Date', 'Appointment Date', 'Start Date'],
    time: ['Time', 'Start Time'],
    end_time: ['End Time'],
    duration: ['Duration', 'Duration (minutes)', 'Duration (mins)', 'Length'],
    customer_name: ['Customer Name', 'Customer', 'Client Name', 'Name'],
    first_name: ['Customer First Name', 'First Name'],
    last_name: ['Customer Last Name', 'Last Name'],
    phone: ['Customer Phone', 'Customer Phone Number', 'Phone Number', 'Phone', 'Mobile'],
    email: ['Customer Email', 'Customer Email Address', 'Email Address', 'Email'],
    service: ['Service', 'Service Name', 'Services', 'Item', 'Item Name'],
    price: ['Price', 'Service Price', 'Amount', 'Total', 'Gross Sales'],
    status: ['Status', 'Appointment Status', 'Booking Status'],
    booked_at: ['Created', 'Created At', 'Date Created', 'Booked At', 'Booking Created'],
    status_at: ['Cancelled At', 'Canceled At', 'Updated At'],
    staff: ['Staff', 'Staff Member', 'Team Member', 'Employee'],
    notes: ['Notes', 'Appointment Note', 'Customer Note', 'Seller Note', 'Note'],
  },
  customers: {
    customer_name: ['Customer Name', 'Name', 'Display Name'],
    first_name: ['First Name', 'Given Name'],
    last_name: ['Last Name', 'Family Name', 'Surname'],
    phone: ['Phone Number', 'Phone', 'Mobile Phone', 'Mobile'],
    email: ['Email Address', 'Email'],
    notes: ['Memo', 'Notes', 'Note'],
    first_seen_at: ['Creation Date', 'Created', 'Created At', 'Customer Since'],
    first_visit_at: ['First Visit'],
    last_visit_at: ['Last Visit'],
    visit_count: ['Transaction Count'],
    lifetime_spend: ['Lifetime Spend'],
  },
};
