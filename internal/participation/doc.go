// Package participation holds the rules of public participation and
// interaction (公众参与): consultations and their feedback reports, policy
// evaluations, messages and error reports, public-opinion events and the
// opinion-risk assessments of major policies, and official new-media
// accounts. Everything here is pure: deadlines take the working-day
// calendar and the dates or times they need, never the wall clock.
package participation
