"""The readers: one per rendering of an article, each giving the one document model (`Article`)."""
