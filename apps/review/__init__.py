"""The finance bureau reviewer's pages: the queue, a report under review, comments, the audit trail."""
