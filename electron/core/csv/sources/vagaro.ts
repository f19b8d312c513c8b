import type { SourceMap } from './source-map.js';

/**
 * Vagaro. Customers: the Customer List (CustomersList.xlsx, title rows above the header),
 * columns confirmed from a real export; "Appointments Booked" is taken as the visit count and
 * "Amount Paid" as the lifetime spend. Appointments: guessed.
 */
export const VAGARO: SourceMap = {
  id: 'vagaro',
  signature: [
    'Service Provider', 'Cell Phone', 'Customer Since', 'Booked By', 'Booked Date', 'Appt Date', 'Appt Time', 'Referred By', 'Refered By',
    'Last Visited', 'Apt/Suite', 'Appointments Booked', 'Classes Booked', 'Check-Ins', 'Points Earned', 'No Shows/Cancellations', 'Employee Seen',
  ],
  evidence: { customers: 'confirmed', appointments: 'guessed' },
  appointments: {
    appointment_id: ['Appointment ID', 'Appt ID', 'Appt #', 'Booking ID', 'Confirmation #'],
    start: ['Appointment Date/Time', 'Start Date/Time', 'Appt Date/Time'],
    date: ['Appointment Date', 'Appt Date', 'Service Date', 'Date'],
    time: ['Start Time', 'Appt Time', 'Appointment Time', 'Time'],
    end_time: ['End Time'],
    duration: ['Duration', 'Service Duration', 'Length'],
    customer_name: ['Customer Name', 'Customer', 'Client Name', 'Client'],
    first_name: ['Customer First Name', 'First Name'],
    last_name: ['Customer Last Name', 'Last Name'],
    phone: ['Cell Phone', 'Mobile Phone', 'Customer Phone', 'Phone', 'Home Phone', 'Work Phone'],
    email: ['Customer Email', 'Email'],
    service: ['Service', 'Service Name', 'Service Title', 'Services'],
    price: ['Price', 'Service Price', 'Amount', 'Service Amount', 'Total'],
    status: ['Status', 'Appointment Status', 'Appt Status'],
    booked_at: ['Booked Date', 'Booked On', 'Booking Date', 'Date Booked', 'Created Date'],
    status_at: ['Cancelled Date', 'Cancel Date', 'Canceled Date'],
    staff: ['Service Provider', 'Provider', 'Employee', 'Staff'],
    notes: ['Notes', 'Appointment Notes', 'Customer Notes', 'Comments'],
  },
  customers: {
    customer_name: ['Customer Name', 'Customer', 'Name'],
    first_name: ['First Name'],
    last_name: ['Last Name'],
    phone: ['Mobile', 'Cell Phone', 'Mobile Phone', 'Day', 'Night', 'Phone', 'Home Phone', 'Work Phone'],
    email: ['Email', 'Email Address'],
    notes: ['Notes', 'Customer Notes', 'Comments'],
    first_seen_at: ['Customer Since', 'Date Added', 'Created Date', 'Member Since'],
    last_visit_at: ['Last Visited'],
    visit_count: ['Appointments Booked'],
    lifetime_spend: ['Amount Paid'],
  },
};
