"""The council's inbox of attendances of children on its plans (R-FLAG-5): written when an
attendance is registered (``services.council_alerts_raise``), read by the council
(``selectors.council_alerts``) and marked as seen (``services.council_alert_mark_seen``)."""
