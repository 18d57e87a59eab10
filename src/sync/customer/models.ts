/** Names the customer import's modules share. */
export const E = 'customers';
export const PARTNER = 'res.partner';
export const TAG = 'res.partner.category';
/** stands in for a record a dry run would create */
export const PLANNED = -1;
