package request

// How the clock treats the open questions of the reference (regulations.md §1):
//
//   - Processing-fee payment period. The provincial restatement of
//     国办函〔2020〕109号 gives the applicant 20 working days from the day after
//     the fee notice to pay, else the application is treated as abandoned
//     (table 三 （六）2). Whether that period counts towards the 20-day reply
//     limit is UNVERIFIED. We treat it like the consultation of article 33
//     §3: time that depends on the applicant, not the agency, so it is NOT
//     counted — the clock pauses from the notice and resumes the day after
//     payment. While the fee is unpaid the shown due date is the latest it
//     can become (payment on the last day). The notice must go out within
//     the reply period. This choice is isolated in feeNotified / feePaid.
//   - Consultation (第三十二条、第三十四条): the pause runs from the day the
//     letter goes out (we do not know the day the other side receives it) to
//     the day the opinion arrives, but at most the 15 working days the other
//     side has: an opinion that comes later does not stop the clock longer.
//   - Correction (第三十条): the notice must go out within 7 working days of
//     receipt; a later notice is recorded with a warning (it happened, and the
//     file must show it). The agency sets the correction period («合理的补正
//     期限»); we default to 15 working days when none is given. The corrected
//     application restarts the 20 days from its own receipt.
//   - Counting starts the day after the start date (workday.AddWorkdays).
