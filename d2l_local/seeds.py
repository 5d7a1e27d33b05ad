"""The one seed every framework starts from, so runs repeat exactly."""

# After 10 epochs the metrics move with the seed by about 0.01 (validation
# accuracy of the PyTorch fits over seeds 0-9: 0.830-0.852 from scratch,
# median 0.8485; 0.835-0.857 concise, median 0.853). Seed 3 (0.848, 0.854)
# sits at both medians, so the numbers the book prints are a typical run, neither a
# lucky nor an unlucky one.
DEFAULT_SEED = 3
