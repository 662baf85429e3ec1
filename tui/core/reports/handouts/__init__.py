"""Short documents that leave the tool, built from the same ``report_data`` as the scorecard:
a one-page brief for the hiring committee and a job description draft for a recruiter."""
