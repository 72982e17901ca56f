"""Build detector training data from fillable PDFs."""
