"""The minimization advisor (article chapter 3): advice that names Dockerfile lines, says
why in one sentence, and can be tried by building a changed copy and measuring it.
"""
