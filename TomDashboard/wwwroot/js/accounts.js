// Posts a checked sign-in's one-time ticket, so the server can set the session cookie (a circuit cannot).
export function submitTicket(form, ticket) {
    form.elements.namedItem("ticket").value = ticket;
    form.submit();
}
