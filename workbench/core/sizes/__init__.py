"""Image and base-image sizes for the size chart (article §3.4.1) and Dockerfile variants."""
