"""What the registry means on a day: statuses, views, changes, statistics, staff to-do."""
