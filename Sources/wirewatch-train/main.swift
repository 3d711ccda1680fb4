// Placeholder: the training command lands with the tagger.
print("wirewatch-train: not yet implemented")
