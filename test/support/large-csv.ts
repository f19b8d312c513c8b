/**
 * A large Vagaro appointments export (the shape of test/csv.test.ts's sample): shared by the
 * 50,000-row import test and `npm run bench` (bench/csv-import.ts).
 */
export function vagaroAppointments(rows: number): string {
  const services = ['Haircut', 'Hair Color', 'Highlights', 'Perm', 'Blowout', 'Hair Treatment'];
  const statuses = ['Completed', 'Completed', 'Completed', 'No Show', 'Cancelled', 'Confirmed'];
  const lines = ['Appt Date,Start Time,Customer,Cell Phone,Email,Service,Service Provider,Price,Status,Booked Date'];
  for (let i = 0; i < rows; i++) {
    const day = new Date(Date.UTC(2024, 0, 1) + Math.floor(i / 40) * 86_400_000);
    const date = `${day.getUTCMonth() + 1}/${day.getUTCDate()}/${day.getUTCFullYear()}`;
    const hour = 9 + (i % 9);
    const c = i % 5000;
    lines.push(
      `${date},${hour > 12 ? hour - 12 : hour}:${i % 2 ? '30' : '00'} ${hour >= 12 ? 'PM' : 'AM'},Customer ${c},(312) 555-${String(c).padStart(4, '0')},` +
        `c${c}@example.com,${services[i % 6]},Staff ${i % 4},$${45 + (i % 7)}.00,${statuses[i % 6]},${date}`,
    );
  }
  return lines.join('\n') + '\n';
}
