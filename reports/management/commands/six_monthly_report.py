from reports.management.commands._report_command import ReportCommand


class Command(ReportCommand):
    help = "Write the six-monthly report for a period to a .pdf, .xlsx or .csv file."
    kind = "bilan"
