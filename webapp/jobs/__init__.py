"""CSV files scored as background jobs: the /batch page and each job's page, /api/jobs and
/api/batch, their part of the OpenAPI document, the jobs' table, the uploads and the runner
thread that runs them through the batch engine."""
